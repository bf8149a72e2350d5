"""NotificationService and the handlers of the other services' events."""

import uuid

from sqlalchemy.ext.asyncio import AsyncConnection

from notification.store import NotificationStore
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from phananh_common.access import PROVINCE_ROLES, officers
from phananh_common.protoconv import enum_value, from_datetime

# Messages are not tied to a unit here, so only the province may read them for now.
ACCESS = {"ListMessages": officers(PROVINCE_ROLES)}


class NotificationApi(notification_pb2_grpc.NotificationServiceServicer):
    def __init__(self, store: NotificationStore):
        self._store = store

    async def ListMessages(self, request, context):  # noqa: N802 (gRPC's name)
        rows = await self._store.for_tracking_code(request.tracking_code)
        return notification_pb2.ListMessagesResponse(
            messages=[
                notification_pb2.Message(
                    message_id=str(r.message_id),
                    tracking_code=r.tracking_code,
                    kind=enum_value(notification_pb2.MessageKind, r.kind),
                    status=enum_value(notification_pb2.MessageStatus, r.status),
                    event_id=str(r.event_id),
                    created_at=from_datetime(r.created_at),
                )
                for r in rows
            ]
        )


async def on_complaint_submitted(
    conn: AsyncConnection, event: ComplaintSubmitted, envelope
) -> None:
    """Queues the "complaint received" SMS with the tracking code."""
    await NotificationStore.queue(
        conn,
        {
            "message_id": uuid.uuid4(),
            "event_id": uuid.UUID(envelope.event_id),
            "kind": "COMPLAINT_RECEIVED",
            "tracking_code": event.tracking_code,
            "recipient": event.complaint.citizen.phone,
            "status": "QUEUED",
        },
    )

from notification.api import ACCESS, NotificationApi, on_complaint_submitted
from notification.config import NotificationSettings
from notification.store import NotificationStore
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from phananh_common.server import ServiceParts, Servicer


def build(settings: NotificationSettings, engine, channels) -> ServiceParts:
    return ServiceParts(
        servicers=[
            Servicer.of(
                NotificationApi(NotificationStore(engine)),
                notification_pb2,
                notification_pb2_grpc,
                ACCESS,
            )
        ],
        event_handlers={ComplaintSubmitted: on_complaint_submitted},
    )

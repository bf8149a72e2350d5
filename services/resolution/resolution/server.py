from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.resolution.v1 import resolution_pb2, resolution_pb2_grpc
from phananh_common.server import ServiceParts, Servicer
from resolution.api import ComplaintHandler, ResolutionApi
from resolution.config import ResolutionSettings
from resolution.store import ResolutionStore


def build(settings: ResolutionSettings, engine, channels) -> ServiceParts:
    return ServiceParts(
        servicers=[
            Servicer.of(ResolutionApi(ResolutionStore(engine)), resolution_pb2, resolution_pb2_grpc)
        ],
        event_handlers={ComplaintSubmitted: ComplaintHandler(settings, settings.province_code)},
        publishes_events=True,
    )

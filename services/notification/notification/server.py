from importlib import resources

from notification.api import ACCESS, EventHandlers, NotificationApi
from notification.callbacks import DeliveryReportListener
from notification.config import NotificationSettings
from notification.domain import Templates
from notification.fhir import Systems
from notification.healthbook import HealthBookPusher
from notification.providers import SmsProvider
from notification.providers.file import FileProvider
from notification.providers.kannel import KannelProvider
from notification.providers.smpp import SmppAccount, SmppProvider
from notification.reports import ReportWriter
from notification.service import DeliveryReports, EventEffects, OperatorDesk
from notification.workers import SmsDispatcher
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from phananh_common.account_access import AccountAccess
from phananh_common.local_time import utc_now
from phananh_common.server import Background, ServiceParts, Servicer


def load_templates(settings: NotificationSettings) -> Templates:
    text = resources.files("notification").joinpath("templates.toml").read_text("utf-8")
    return Templates(text, unicode=settings.sms_unicode, max_segments=settings.sms_max_segments)


def sms_provider(settings: NotificationSettings, reports: ReportWriter) -> SmsProvider:
    if settings.sms_provider == "smpp":
        account = SmppAccount(
            settings.smpp_host,
            settings.smpp_port,
            settings.smpp_system_id,
            settings.smpp_password,
            settings.smpp_system_type,
            settings.smpp_tls,
        )
        return SmppProvider(
            account, settings.sms_sender, reports, settings.delivery_deadline_seconds
        )
    if settings.sms_provider == "kannel":
        return KannelProvider(
            settings.kannel_url,
            settings.kannel_username,
            settings.kannel_password,
            settings.sms_sender,
            settings.delivery_report_url,
            settings.delivery_deadline_seconds,
        )
    return FileProvider(settings.sms_file, utc_now)


def build(settings: NotificationSettings, engine, channels, clock=utc_now) -> ServiceParts:
    handlers = EventHandlers(
        EventEffects(
            load_templates(settings),
            clock,
            Systems(person=settings.fhir_person_id_system, dose=settings.fhir_dose_system),
        )
    )
    deliveries = DeliveryReports(engine)
    reports = ReportWriter(deliveries)
    background: list[Background] = [
        SmsDispatcher(
            engine,
            settings.database_url,
            sms_provider(settings, reports),
            deliveries,
            rate_per_second=settings.sms_rate_per_second,
            max_attempts=settings.sms_max_attempts,
            quiet_hours=settings.quiet_hours,
            poll_seconds=settings.relay_poll_seconds,
            clock=clock,
        )
    ]
    if settings.sms_provider == "kannel":
        background.append(
            DeliveryReportListener(reports, settings.callback_host, settings.callback_port)
        )
    # Without a health book, registry changes wait in the queue until one is configured.
    if settings.fhir_base_url:
        background.append(
            HealthBookPusher(
                engine,
                settings.database_url,
                settings.fhir_base_url,
                max_attempts=settings.fhir_max_attempts,
                poll_seconds=settings.relay_poll_seconds,
                timeout_seconds=settings.delivery_deadline_seconds,
                clock=clock,
            )
        )
    # Last: started after, and stopped after, those that hand it reports.
    background.append(reports)
    access = AccountAccess(engine)
    desk = OperatorDesk(engine)
    return ServiceParts(
        servicers=[
            Servicer.of(NotificationApi(desk), notification_pb2, notification_pb2_grpc, ACCESS)
        ],
        event_handlers=handlers.handlers() | access.handlers,
        account_state=access.state,
        # The statuses of the messages to citizens, for reporting.
        publishes_events=True,
        background=background,
    )

"""Kannel's HTTP interface: GET /cgi-bin/sendsms on its smsbox. 202 means accepted (sent, or
queued by Kannel for its SMSC); 4xx means refused for good (credentials, a denied number, a
malformed request); 5xx is worth retrying; no answer, or 503, means Kannel is down.

Each message asks for its final delivery report (dlr-mask 19) at a URL that names it, served
by this process (`notification.callbacks`); the SMSC's own id arrives with it (%F)."""

from urllib.parse import quote

from yarl import URL

from notification.domain import DLR_MASK, Attempt, Encoding
from notification.http import FAILURES, HttpClient
from notification.providers import OutgoingSms

# Kannel's `coding`: 0 GSM 7-bit, 2 UCS-2 (it converts from `charset`).
CODING = {Encoding.GSM7: "0", Encoding.UCS2: "2"}
# Sends in flight at once, each on a kept-alive connection (smsbox serves each in a thread of
# its own); the rest of a batch waits for one.
CONNECTIONS = 16


class KannelProvider:
    name = "kannel"

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        sender: str,
        report_url: str,
        timeout_seconds: float,
    ):
        self._sendsms = base_url.rstrip("/") + "/cgi-bin/sendsms"
        self._http = HttpClient(timeout_seconds, CONNECTIONS)
        self._credentials = {"username": username, "password": password}
        self._sender = sender
        self._report_url = report_url

    def _report_url_for(self, sms: OutgoingSms) -> str:
        # %d: the report type, %F: the SMSC's message id; Kannel fills them in.
        return f"{self._report_url}?message_id={sms.message_id}&type=%d&smsc_id=%F"

    async def start(self) -> None:
        pass  # a connection is opened by the first send

    async def send(self, sms: OutgoingSms) -> Attempt:
        params = {
            **self._credentials,
            "from": self._sender,
            "to": sms.to,
            "text": sms.text,
            "charset": "UTF-8",
            "coding": CODING[sms.encoding],
            "dlr-mask": str(DLR_MASK),
            "dlr-url": self._report_url_for(sms),
        }
        # Kannel wants the dlr-url's own % escapes kept: each value encoded once, fully, and
        # the URL sent as it is (encoded=True: not quoted again).
        query = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
        try:
            async with self._http.session.get(
                URL(f"{self._sendsms}?{query}", encoded=True)
            ) as reply:
                status, answer = reply.status, (await reply.text()).strip()[:200]
        except FAILURES as error:
            return Attempt.unanswered(f"kannel unreachable: {type(error).__name__}")
        if status == 202:
            return Attempt.ok()
        if status == 503:  # smsbox up, without its bearerbox
            return Attempt.unanswered(f"kannel 503: {answer}")
        if 400 <= status < 500:
            return Attempt.refused(f"kannel {status}: {answer}")
        return Attempt.retry(f"kannel {status}: {answer}")

    async def close(self) -> None:
        await self._http.close()

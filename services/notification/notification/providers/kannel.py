"""Kannel's HTTP interface: GET /cgi-bin/sendsms on its smsbox. 202 means accepted (sent, or
queued by Kannel for its SMSC); 4xx means refused for good (credentials, a denied number, a
malformed request); 5xx is worth retrying; no answer, or 503, means Kannel is down.

Each message asks for delivery reports (dlr-mask 31) at a URL that names it, served by this
process (`notification.callbacks`); the SMSC's own id arrives with them (%F)."""

from urllib.parse import quote

import httpx

from notification.domain import DLR_MASK, Attempt, Encoding
from notification.providers import OutgoingSms

# Kannel's `coding`: 0 GSM 7-bit, 2 UCS-2 (it converts from `charset`).
CODING = {Encoding.GSM7: "0", Encoding.UCS2: "2"}


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
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout_seconds)
        self._credentials = {"username": username, "password": password}
        self._sender = sender
        self._report_url = report_url

    def _report_url_for(self, sms: OutgoingSms) -> str:
        # %d: the report type, %F: the SMSC's message id; Kannel fills them in.
        return f"{self._report_url}?message_id={sms.message_id}&type=%d&smsc_id=%F"

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
        try:
            # Kannel wants the dlr-url's own % escapes kept: encode each value once, fully.
            query = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
            reply = await self._client.get(f"/cgi-bin/sendsms?{query}")
        except httpx.HTTPError as error:
            return Attempt.unanswered(f"kannel unreachable: {type(error).__name__}")
        answer = reply.text.strip()[:200]
        if reply.status_code == 202:
            return Attempt.ok()
        if reply.status_code == 503:  # smsbox up, without its bearerbox
            return Attempt.unanswered(f"kannel 503: {answer}")
        if 400 <= reply.status_code < 500:
            return Attempt.refused(f"kannel {reply.status_code}: {answer}")
        return Attempt.retry(f"kannel {reply.status_code}: {answer}")

    async def close(self) -> None:
        await self._client.aclose()

"""A FHIR R4 server as the health book is to the tests: an HTTP server that takes transaction
Bundles at its base (`POST /fhir`), records each request, and applies each entry's
conditional update (`PUT <type>?identifier=…`) to what it holds, references to the Bundle's
entries resolved. It may first answer 503 a number of times, or refuse everything with a
422 and an OperationOutcome."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.harness import free_port

REFUSAL = {
    "resourceType": "OperationOutcome",
    "issue": [{"severity": "error", "code": "invalid", "diagnostics": "Patient.birthDate"}],
}


class HealthBook:
    def __init__(self, failures: int = 0, refuse: bool = False):
        self.failures = failures
        self.refuse = refuse
        # The body of every request taken, in order (refused ones too).
        self.requests: list[dict] = []
        # What it holds, by the conditional URL that wrote it ("Immunization?identifier=…").
        self.stored: dict[str, dict] = {}
        self._ids: dict[str, str] = {}
        self._lock = threading.Lock()
        book = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with book._lock:
                    book.requests.append(body)
                    if book.refuse or self.path != "/fhir":
                        return self._answer(422, REFUSAL)
                    if book.failures:
                        book.failures -= 1
                        return self._answer(503)
                    self._answer(200, book._transaction(body))

            def _answer(self, status, body=None):
                data = json.dumps(body).encode() if body else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/fhir+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/fhir"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _transaction(self, bundle: dict) -> dict:
        """Applies the Bundle's conditional updates: ids assigned to new resources, the
        entries' fullUrls in references replaced by the ids."""
        entries = bundle["entry"]
        local = {}
        for entry in entries:
            url = entry["request"]["url"]
            kind = url.split("?")[0]
            self._ids.setdefault(url, f"{kind}/{len(self._ids) + 1}")
            local[entry["fullUrl"]] = self._ids[url]
        answers = []
        for entry in entries:
            url = entry["request"]["url"]
            text = json.dumps(entry["resource"])
            for full_url, resolved in local.items():
                text = text.replace(f'"{full_url}"', f'"{resolved}"')
            status = "200 OK" if url in self.stored else "201 Created"
            self.stored[url] = json.loads(text)
            answers.append({"response": {"status": status, "location": self._ids[url]}})
        return {"resourceType": "Bundle", "type": "transaction-response", "entry": answers}

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

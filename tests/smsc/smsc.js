// An SMSC for the tests, on node-smpp's server (an SMPP implementation independent of ours).
// Usage: node smsc.js PORT SYSTEM_ID PASSWORD
// Prints one JSON line per event (bind, enquire_link, submit_sm, deliver_sm_resp) on stdout;
// reads one JSON command per line on stdin:
//   {"refuse": "84912345678", "status": 11}  answer submit_sm to that number with that error
//   {"accept": "84912345678"}                 accept it again
//   {"throttle": 3}                           answer the next 3 submit_sm ESME_RTHROTTLED
//   {"hold_receipts": true}                   keep the receipts until told
//   {"hold_receipts": false}                  send those kept, on the session bound now
// Each accepted submit_sm that asks for a receipt (registered_delivery) gets a deliver_sm
// receipt, text and TLVs, as operators' SMSCs send them.
"use strict";
const smpp = require("smpp");
const readline = require("readline");

const [port, systemId, password] = process.argv.slice(2);
const refused = new Map();
let throttled = 0;
let holding = false;
const held = [];
let bound = null;
let nextId = 1;

function print(event) {
  process.stdout.write(JSON.stringify(event) + "\n");
}

function stamp(date) {
  const two = (n) => String(n).padStart(2, "0");
  return two(date.getUTCFullYear() % 100) + two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) + two(date.getUTCHours()) + two(date.getUTCMinutes());
}

function sendReceipt(session, pdu, messageId) {
  const now = stamp(new Date());
  const text = `id:${messageId} sub:001 dlvrd:001 submit date:${now} done date:${now} ` +
    "stat:DELIVRD err:000 text:";
  session.deliver_sm({
    source_addr: pdu.destination_addr,
    source_addr_ton: pdu.dest_addr_ton,
    source_addr_npi: pdu.dest_addr_npi,
    destination_addr: pdu.source_addr,
    esm_class: smpp.ESM_CLASS.MC_DELIVERY_RECEIPT,
    short_message: text,
    receipted_message_id: messageId,
    message_state: smpp.MESSAGE_STATE.DELIVERED,
  }, (resp) => print({ event: "deliver_sm_resp", message_id: messageId, status: resp.command_status }));
}

const server = smpp.createServer({ debug: false }, (session) => {
  session.on("error", () => {});
  const bind = (pdu) => {
    session.pause();
    const ok = pdu.system_id === systemId && pdu.password === password;
    print({ event: "bind", command: pdu.command, system_id: pdu.system_id,
            system_type: pdu.system_type, ok });
    session.send(pdu.response({ command_status: ok ? smpp.ESME_ROK : smpp.ESME_RINVPASWD }));
    if (ok) {
      bound = session;
      session.resume();
    } else {
      session.close();
    }
  };
  session.on("bind_transceiver", bind);
  session.on("bind_transmitter", bind);
  session.on("enquire_link", (pdu) => {
    print({ event: "enquire_link" });
    session.send(pdu.response());
  });
  session.on("unbind", (pdu) => {
    session.send(pdu.response());
    session.close();
  });
  session.on("submit_sm", (pdu) => {
    const message = pdu.short_message || {};
    const event = {
      event: "submit_sm",
      source_addr: pdu.source_addr,
      source_addr_ton: pdu.source_addr_ton,
      source_addr_npi: pdu.source_addr_npi,
      destination_addr: pdu.destination_addr,
      dest_addr_ton: pdu.dest_addr_ton,
      dest_addr_npi: pdu.dest_addr_npi,
      data_coding: pdu.data_coding,
      esm_class: pdu.esm_class,
      registered_delivery: pdu.registered_delivery,
      udh: (message.udh || []).map((u) => u.toString("hex")),
      text: typeof message.message === "string" ? message.message : String(message),
    };
    if (throttled > 0) {
      throttled -= 1;
      print({ ...event, status: smpp.ESME_RTHROTTLED });
      session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
      return;
    }
    if (refused.has(pdu.destination_addr)) {
      const status = refused.get(pdu.destination_addr);
      print({ ...event, status });
      session.send(pdu.response({ command_status: status }));
      return;
    }
    const messageId = `smsc-${process.pid}-${nextId++}`;
    print({ ...event, status: 0, message_id: messageId });
    session.send(pdu.response({ message_id: messageId }));
    if (!(pdu.registered_delivery & 0x03)) return;
    if (holding) held.push([pdu, messageId]);
    else setTimeout(() => sendReceipt(session, pdu, messageId), 50);
  });
});

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const command = JSON.parse(line);
  if ("refuse" in command) refused.set(command.refuse, command.status || smpp.ESME_RINVDSTADR);
  if ("accept" in command) refused.delete(command.accept);
  if ("throttle" in command) throttled = command.throttle;
  if ("hold_receipts" in command) {
    holding = command.hold_receipts;
    if (!holding) held.splice(0).forEach(([pdu, messageId]) => sendReceipt(bound, pdu, messageId));
  }
  print({ event: "command", ...command });
});

server.listen(Number(port), "127.0.0.1", () => print({ event: "listening", port: Number(port) }));
process.on("SIGTERM", () => process.exit(0));

"""Parses every message in a Maildir (what aiosmtpd's Mailbox handler wrote) or one .eml file and prints JSON:
[{subject, from, to, text, html, parts: [{type, cid, disposition, filename, size, png}]}]."""
import email
import email.policy
import json
import mailbox
import sys


def describe(message):
    out = {"subject": message["subject"], "from": message["from"], "to": message["to"], "text": None, "html": None, "parts": []}
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        payload = part.get_payload(decode=True) or b""
        if kind == "text/plain" and out["text"] is None and not part.get_filename():
            out["text"] = payload.decode(part.get_content_charset() or "utf-8")
        elif kind == "text/html" and out["html"] is None:
            out["html"] = payload.decode(part.get_content_charset() or "utf-8")
        else:
            out["parts"].append({
                "type": kind,
                "cid": (part["Content-ID"] or "").strip("<>") or None,
                "disposition": part.get_content_disposition(),
                "filename": part.get_filename(),
                "size": len(payload),
                "png": payload[:8] == b"\x89PNG\r\n\x1a\n",
            })
    return out


def main(path):
    if path.endswith(".eml"):
        with open(path, "rb") as handle:
            messages = [email.message_from_binary_file(handle, policy=email.policy.default)]
    else:
        box = mailbox.Maildir(path, factory=None, create=False)
        messages = [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in sorted(box.keys())]
    json.dump([describe(m) for m in messages], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])

"""Development email backend: each message as its own readable .eml file."""

import uuid
from datetime import datetime
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class EmlFileBackend(EmailBackend):
    """Write each message to <file_path>/<time>-<id>.eml, its text parts in UTF-8 with
    8bit transfer encoding: opened in a mail client or a text editor, a link is whole
    (quoted-printable would split it with "=" at 76 characters)."""

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            mime = message.message()
            for part in mime.walk():
                if part.get_content_maintype() == "text" and not part.is_attachment():
                    part.set_content(
                        part.get_content(),
                        subtype=part.get_content_subtype(),
                        charset="utf-8",
                        cte="8bit",
                    )
            stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
            path = Path(self.file_path) / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(mime.as_bytes())
            sent += 1
        return sent

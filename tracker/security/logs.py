import logging
import traceback


class WithheldMessagesFormatter(logging.Formatter):
    """Writes a traceback's frames and exception types, but not the exceptions' messages.

    An error's message can quote the data that caused it: PostgreSQL's "Key (name)=(...) already
    exists" names the person. Where the code failed is enough to find the fault, and the log
    never holds a protected value. Used for the whole application log unless DEBUG is on.
    """

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the full traceback on the record: make ours, and
        # leave ours cached for any handler after this one.
        record.exc_text = None
        return super().format(record)

    def formatException(self, ei) -> str:
        _type, error, _tb = ei
        if error is None:
            return super().formatException(ei)
        parts = []
        for link in reversed(_chain(error)):
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(link.__traceback__))
            parts.append(f"{type(link).__module__}.{type(link).__qualname__}: (message withheld)\n")
        return "".join(parts).rstrip("\n")


def _chain(error: BaseException) -> list[BaseException]:
    """The exception and those it was raised from or during, newest first."""
    chain: list[BaseException] = []
    link: BaseException | None = error
    while link is not None and all(link is not seen for seen in chain):
        chain.append(link)
        link = link.__cause__ or (None if link.__suppress_context__ else link.__context__)
    return chain

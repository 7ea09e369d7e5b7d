"""The package's version, and the check every notebook's setup cell makes against it."""

__version__ = "0.2.0"


class SetupError(Exception):
    """A problem with the learner's installation: shown in a notebook as its one-line message."""

    def _render_traceback_(self):  # IPython shows these lines instead of a traceback
        return [str(self)]


def version_tuple(version):
    """ "7.7.1" → (7, 7, 1), for comparisons (parts that are not plain numbers, as in "8.0rc1", end it)."""
    parts = []
    for part in version.split(".")[:3]:
        if not part.isdigit():
            break
        parts.append(int(part))
    return tuple(parts)


def require(version):
    """Check that this lessonkit is ``version`` or newer; otherwise raise a ``SetupError``
    whose one line says how to upgrade. The notebooks of a release call it with that release."""
    if version_tuple(__version__) < version_tuple(version):
        raise SetupError(
            f"This notebook needs lessonkit {version} or newer; this kernel has lessonkit {__version__}. "
            f"Upgrade it with  pip install -U lessonkit=={version}  (or make lab), then restart the kernel."
        )

"""The participants' admin (docs/support.md): teachers (the list, the teacher page, merging, the support actions),
the school page with its teachers and partnerships, and the stand-in teacher records."""

from . import schools, support, teachers

__all__ = ["schools", "support", "teachers"]

"""Judges decide what one source says about a claim. Each backend is one module behind
:class:`verify.judges.base.Judge`; :mod:`verify.judges.cascade` composes them."""

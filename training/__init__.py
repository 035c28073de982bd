"""Training pipeline for the local verifier cross-encoder (not shipped with the package)."""

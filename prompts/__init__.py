"""Versioned LLM prompts, shipped inside the package as ``verify.prompts``."""

"""Run llama-cpp-python's OpenAI-compatible server with extra buffer types off.

    python scripts/llama_server.py --model FILE.gguf --port 8765 ...   (llama_cpp.server's options)

On this machine the prebuilt llama.cpp dies with SIGILL (an AMX kernel) when it repacks Q4_K/Q6_K
weights into its "extra" CPU buffers. `use_extra_bufts=False` keeps the weights as stored, so
the same build runs those models. Everything else is llama_cpp.server unchanged; this wrapper
lives in scripts/, not in the package (verify never imports llama_cpp).
"""

import runpy

import llama_cpp.llama_cpp as C

_default = C.llama_model_default_params


def _params():  # type: ignore[no-untyped-def]
    p = _default()
    p.use_extra_bufts = False
    return p


C.llama_model_default_params = _params
runpy.run_module("llama_cpp.server", run_name="__main__")

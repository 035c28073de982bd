"""Requantize a GGUF file to Q8_0 with llama.cpp's own quantizer (llama-cpp-python's binding).

    python scripts/gguf_requant.py IN.gguf OUT.gguf

Why: with extra buffer types off (scripts/llama_server.py), llama.cpp has no fast matrix kernel
for Q4_K/Q6_K weights on this machine, so a prompt is read about as slowly as text is written
(1.5-3 tokens/s for Qwen2.5 1.5B); Q8_0 goes through llamafile's tinyBLAS kernels and reads
prompts around ten times faster. Q4_K_M -> Q8_0 keeps the Q4_K_M weights as they are (8 bits
hold each 4/6-bit value with a small rounding of the scales), at 1.7x the file size.
"""

import ctypes
import sys
import time

import llama_cpp.llama_cpp as C


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    p = C.llama_model_quantize_default_params()
    p.ftype = C.LLAMA_FTYPE_MOSTLY_Q8_0
    p.allow_requantize = True
    started = time.time()
    rc = C.llama_model_quantize(src.encode(), dst.encode(), ctypes.byref(p))
    if rc != 0:
        sys.exit(f"error: quantizing {src} failed ({rc})")
    print(f"{dst}: Q8_0 in {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()

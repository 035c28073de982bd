"""chromadb imported fast (``verify.chroma_import``): what it leaves out, and that nothing a user
of chromadb or of ``overrides`` relies on changes. Each case runs in a fresh interpreter: the
stand-ins only act on chromadb's first import."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> str:
    r = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_the_first_import_leaves_out_grpc_and_the_embedding_functions():
    out = run(
        """
        import sys
        from verify.chroma_import import import_chromadb, EXPORTER_MODULE, EMBEDDING_FUNCTIONS
        chromadb = import_chromadb()
        print(chromadb.PersistentClient.__name__)
        print(sorted(m for m in (EXPORTER_MODULE, EMBEDDING_FUNCTIONS, "grpc", "jsonschema")
                     if m in sys.modules))
        print("chromadb.api.rust" in sys.modules)
        """
    )
    assert out.splitlines() == ["PersistentClient", "[]", "True"]


def test_overrides_checks_signatures_again_after_the_import():
    """Only chromadb's own import skips the check; a user's class with a wrong override is
    still refused, and chromadb's methods are still marked as overrides."""
    out = run(
        """
        import sys, overrides
        impl = sys.modules["overrides.overrides"]  # the module (the package's name is the function)
        from verify.chroma_import import import_chromadb
        import_chromadb()
        from chromadb.errors import InvalidDimensionException
        print(overrides.override is impl.override, overrides.overrides is impl.overrides)
        print(InvalidDimensionException.name.__func__.__override__)

        class Base:
            def f(self, x: int) -> int:
                return x

        try:
            class Child(Base):
                @overrides.override
                def f(self, x: int, y: int) -> int:
                    return x + y
        except TypeError:
            print("refused")
        """
    )
    assert out.splitlines() == ["True True", "True", "refused"]


def test_an_exporter_made_later_is_the_real_one():
    """Pointing chromadb at an OpenTelemetry collector still works: the stand-in makes the
    real gRPC exporter when one is made."""
    out = run(
        """
        from verify.chroma_import import import_chromadb
        import_chromadb()
        import chromadb.telemetry.opentelemetry as telemetry
        made = telemetry.OTLPSpanExporter(endpoint="http://127.0.0.1:4317", insecure=True)
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
        print(type(made) is OTLPSpanExporter)
        made.shutdown()
        """
    )
    assert out == "True"


def test_embedding_functions_load_when_used():
    """A collection saved with a named embedding function, or one registered by a user, reads
    the real registry: the stand-in hands every use to it."""
    out = run(
        """
        import sys
        from verify.chroma_import import import_chromadb, EMBEDDING_FUNCTIONS
        import_chromadb()
        from chromadb.api import collection_configuration as cc
        print(cc.known_embedding_functions["default"].__name__)
        import chromadb.utils.embedding_functions as real
        print(sys.modules[EMBEDDING_FUNCTIONS] is real, "jsonschema" in sys.modules)

        from chromadb.api.types import EmbeddingFunction
        class Mine(EmbeddingFunction):
            def __init__(self): pass
            def __call__(self, input): return [[0.0] for _ in input]
            @staticmethod
            def name(): return "verify-test-mine"
            def get_config(self): return {}
            @staticmethod
            def build_from_config(config): return Mine()
        cc.register_embedding_function(Mine)
        print(real.known_embedding_functions["verify-test-mine"] is Mine)
        print(cc.known_embedding_functions["verify-test-mine"] is Mine)
        """
    )
    assert out.splitlines() == ["DefaultEmbeddingFunction", "True True", "True", "True"]


def test_a_store_works_after_the_fast_import(tmp_path: Path):
    out = run(
        f"""
        from verify.chroma_import import import_chromadb
        chromadb = import_chromadb()
        from chromadb.config import Settings
        client = chromadb.PersistentClient(
            path={str(tmp_path)!r}, settings=Settings(anonymized_telemetry=False)
        )
        col = client.get_or_create_collection("notes", embedding_function=None)
        col.add(ids=["a", "b"], embeddings=[[1.0, 0.0], [0.0, 1.0]], documents=["x", "y"])
        got = col.query(query_embeddings=[[0.9, 0.1]], n_results=1)
        print(got["ids"][0][0], got["documents"][0][0])
        """
    )
    assert out == "a x"


def test_chromadb_imported_before_is_left_alone():
    """A program that imported chromadb itself gets that module back; nothing is stood in."""
    out = run(
        """
        import sys, chromadb
        import chromadb.utils.embedding_functions as real
        from verify.chroma_import import import_chromadb, EMBEDDING_FUNCTIONS
        print(import_chromadb() is chromadb, sys.modules[EMBEDDING_FUNCTIONS] is real)
        """
    )
    assert out == "True True"

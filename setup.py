"""The parts of pressroom that are compiled: the hostile-input guard's attribute and tag
counts (tasks/extract/_guardscan.c), the class/id token rules (tasks/extract/_marks.c)
and the direct reads of a parsed page (tasks/extract/_lexbor.c). Everything else
is in pyproject.toml. Where no C compiler is at hand the build still succeeds: the first
two fall back to the regexes they transcribe, the third to selectolax's own queries; all
answer the same."""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """Build the extension if the machine can; never fail the install over it. A failed
    compile is already only a warning for an ``optional`` extension; this catches what
    fails around it (no compiler found at all)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:
            print(f"pressroom: C parts not built ({exc}); their regexes are used")


setup(
    ext_modules=[
        Extension(
            "tasks.extract._guardscan",
            ["tasks/extract/_guardscan.c"],
            depends=[
                "tasks/extract/_guardscan_scan.h",
                "tasks/extract/_lean_scan.h",
                "tasks/extract/_pystr.h",
            ],
            extra_compile_args=["-O2"],
            optional=True,
        ),
        Extension(
            "tasks.extract._marks",
            ["tasks/extract/_marks.c"],
            depends=["tasks/extract/_pystr.h"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
        Extension(
            "tasks.extract._lexbor",
            ["tasks/extract/_lexbor.c"],
            libraries=["dl"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)

"""The one part of pressroom that is compiled: the hostile-input guard's attribute count
(tasks/extract/_guardscan.c). Everything else is in pyproject.toml. Where no C compiler
is at hand the build still succeeds and the guard uses its regex, which answers the same."""

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
            print(f"pressroom: C guard not built ({exc}); the regex guard is used")


setup(
    ext_modules=[
        Extension(
            "tasks.extract._guardscan",
            ["tasks/extract/_guardscan.c"],
            depends=["tasks/extract/_guardscan_scan.h"],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)

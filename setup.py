"""The one part of pressroom that is compiled: the hostile-input guard's attribute count
(tasks/extract/_guardscan.c). Everything else is in pyproject.toml. Where no C compiler
is at hand the build still succeeds and the guard uses its regex, which answers the same."""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """Build the extension if the machine can; never fail the install over it."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler, no Python headers
            print(f"pressroom: C guard not built ({exc}); the regex guard is used")

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
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

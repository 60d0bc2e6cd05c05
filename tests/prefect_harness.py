"""The temporary Prefect server that flow, lake, fault and hostile tests start through
``prefect_test_harness``: one startup limit for all of them."""

# A healthy start (uvicorn, the database, its migrations) takes 5 to 15 s here; once, with
# the rest of the suite busy on both cores, one took over 60 s (fresh-clone CI,
# 2026-11-29). The limit only bounds how long a broken start is waited for.
SERVER_STARTUP_TIMEOUT = 240

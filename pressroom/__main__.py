from pressroom.cli import app

app(prog_name="pressroom")

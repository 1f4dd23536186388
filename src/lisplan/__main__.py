from lisplan.launch import run

run()

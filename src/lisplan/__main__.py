from lisplan.cli import main

main()

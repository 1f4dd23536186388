from lisplan.launch import main

main()

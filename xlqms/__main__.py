from xlqms.cli import main

main()

from rest.cli.main import main

main()

from rest.cli import main

main()

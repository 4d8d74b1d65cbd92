from pdp.cli import main

main()

from mockmost.cli import main

raise SystemExit(main())

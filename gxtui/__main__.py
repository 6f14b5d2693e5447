from gxtui.cli import main

raise SystemExit(main())

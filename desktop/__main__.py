import sys

from desktop.main import main

sys.exit(main())

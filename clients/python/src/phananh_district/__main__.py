import sys

from phananh_district.cli import main

sys.exit(main())

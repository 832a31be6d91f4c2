"""The runner's controls from outside the terminal: headphone buttons over MPRIS or as key
events, a GPIO push button, and the keyboard; each presses :class:`Controls`."""

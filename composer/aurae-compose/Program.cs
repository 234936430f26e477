using Aurae.Compose;

return ComposeCommandLine.Run(args, Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected);

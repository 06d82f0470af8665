using System.Globalization;

namespace ChatRoom.Samples.Cli;

/// <summary>The command line: <c>--url</c>, <c>--name</c>, <c>--token</c>, <c>--room</c>, <c>--since</c>, <c>--json</c>.</summary>
public sealed class CliOptions
{
    public const string Usage = """
        usage: chatroom-cli --url <ws://host/path> [--name <name> | --token <jwt>] [--room <room>] [--since <seq>] [--json]

          --url     the chat endpoint, e.g. ws://localhost:5080/ws or ws://localhost:5090/local (required)
          --name    your display name (anonymous servers)
          --token   a signed token (JWT), sent as ?access_token=
          --room    the room to join (default: general)
          --since   the last seq you already have: only later messages are printed
          --json    print every event as one JSON object per line (the protocol's event shape)

        Each line of standard input is sent to the room. At the end of input the client waits for its messages'
        acknowledgements, leaves, closes and exits 0.
        """;

    public required Uri Url { get; init; }

    public string? Name { get; init; }

    public string? Token { get; init; }

    public string Room { get; init; } = "general";

    public long? Since { get; init; }

    public bool Json { get; init; }

    /// <summary>Parses the arguments; on failure returns null and a message saying what is wrong.</summary>
    public static CliOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        Uri? url = null;
        string? name = null, token = null, room = null;
        long? since = null;
        var json = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--json":
                    json = true;
                    continue;
                case "--help" or "-h":
                    error = null;
                    return null;
                case "--url" or "--name" or "--token" or "--room" or "--since":
                    break;
                default:
                    error = $"unknown option '{arg}'.";
                    return null;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"{arg} needs a value.";
                return null;
            }

            var value = args[++i];
            switch (arg)
            {
                case "--url":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out url) || (url.Scheme != "ws" && url.Scheme != "wss"))
                    {
                        error = $"--url must be a ws:// or wss:// address, not '{value}'.";
                        return null;
                    }

                    break;
                case "--name":
                    name = value;
                    break;
                case "--token":
                    token = value;
                    break;
                case "--room":
                    room = value;
                    break;
                case "--since":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
                    {
                        error = $"--since must be a seq (0 or more), not '{value}'.";
                        return null;
                    }

                    since = seq;
                    break;
            }
        }

        if (url is null)
        {
            error = "--url is required.";
            return null;
        }

        error = null;
        return new CliOptions { Url = url, Name = name, Token = token, Room = room ?? "general", Since = since, Json = json };
    }
}

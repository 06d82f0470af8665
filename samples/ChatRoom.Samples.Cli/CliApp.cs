using System.Net.WebSockets;
using ChatRoom.Client;

namespace ChatRoom.Samples.Cli;

/// <summary>The console client: join a room, print what arrives, send each line of input, and leave at the end of input.</summary>
public static class CliApp
{
    /// <summary>Exit code for bad options.</summary>
    public const int BadOptions = 2;

    /// <summary>Exit code for a refused or lost connection, or a send the server refused.</summary>
    public const int Failed = 1;

    /// <summary>Runs the client; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter diagnostics, CancellationToken cancellationToken)
    {
        var options = CliOptions.Parse(args, out var error);
        if (options is null)
        {
            if (error is not null)
            {
                await diagnostics.WriteLineAsync("error: " + error);
            }

            await diagnostics.WriteLineAsync(CliOptions.Usage);
            return error is null ? 0 : BadOptions;
        }

        var printer = new EventPrinter(output, diagnostics, options.Json);
        await using var client = new ChatClient(new ChatClientOptions { Url = options.Url, Name = options.Name, AccessToken = options.Token });
        var printing = Task.Run(async () =>
        {
            await foreach (var e in client.ReadEventsAsync(CancellationToken.None))
            {
                printer.Print(e);
            }
        }, CancellationToken.None);

        var exitCode = await ChatAsync(client, options, input, diagnostics, cancellationToken);
        await client.StopAsync(CancellationToken.None);
        await printing;
        await output.FlushAsync(CancellationToken.None);
        return exitCode;
    }

    private static async Task<int> ChatAsync(ChatClient client, CliOptions options, TextReader input, TextWriter diagnostics, CancellationToken cancellationToken)
    {
        try
        {
            await client.StartAsync(cancellationToken);
            var joined = await client.JoinAsync(options.Room, options.Since, cancellationToken);
            await diagnostics.WriteLineAsync($"joined {joined.Room} as {joined.You.Name} ({joined.You.ConnectionId})");

            // One send at a time, each acknowledged before the next: on API Gateway two frames of one connection can
            // run at once, and the room would get the lines out of the order they were read.
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length > 0)
                {
                    await client.SendAsync(options.Room, line, cancellationToken);
                }
            }

            await client.LeaveAsync(options.Room, cancellationToken);
            return 0;
        }
        catch (ChatClientException ex)
        {
            await diagnostics.WriteLineAsync($"error: {ex.Code}: {ex.Message}");
            return Failed;
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
        {
            await diagnostics.WriteLineAsync($"error: cannot connect to {options.Url}: {ex.Message}");
            return Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await diagnostics.WriteLineAsync("cancelled");
            return Failed;
        }
    }
}

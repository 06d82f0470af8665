using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace ChatRoom.Client.Tests.EndToEnd;

/// <summary>The console client run as a real process (<c>dotnet ChatRoom.Samples.Cli.dll …</c>), its output read line by line.</summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _errors = [];
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(Process process) => _process = process;

    /// <summary>Gets what the process wrote to standard error so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return string.Join('\n', _errors);
            }
        }
    }

    public static CliProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                cli._lines.Writer.TryComplete();
                cli._stdoutClosed.TrySetResult();
            }
            else
            {
                cli._lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                cli._joined.TrySetException(new InvalidOperationException("The client ended before joining."));
                return;
            }

            lock (cli._errors)
            {
                cli._errors.Add(e.Data);
            }

            if (e.Data.StartsWith("joined ", StringComparison.Ordinal))
            {
                cli._joined.TrySetResult();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Completes when the client printed <c>joined …</c> on standard error.</summary>
    public Task WaitJoinedAsync(CancellationToken cancellationToken) => _joined.Task.WaitAsync(cancellationToken);

    /// <summary>Writes lines to the client's standard input.</summary>
    public async Task WriteLinesAsync(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            await _process.StandardInput.WriteLineAsync(line);
        }

        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes standard input: the client waits for its acknowledgements, leaves and exits.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Reads <c>--json</c> output lines of type <c>message</c> until <paramref name="done"/> says so.</summary>
    public async Task<List<JsonElement>> ReadMessagesUntilAsync(Func<IReadOnlyList<JsonElement>, bool> done, CancellationToken cancellationToken)
    {
        var messages = new List<JsonElement>();
        while (!done(messages))
        {
            var line = await _lines.Reader.ReadAsync(cancellationToken);
            var frame = JsonDocument.Parse(line).RootElement.Clone();
            if (frame.GetProperty("type").GetString() == "message")
            {
                messages.Add(frame);
            }
        }

        return messages;
    }

    /// <summary>Waits for the process to exit and its output to be read; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        await _stdoutClosed.Task.WaitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The CLI's build output in the same configuration as these tests (the test project references it, so it is built).</summary>
    private static string Path()
    {
        var configuration = new DirectoryInfo(System.IO.Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "ChatRoom.sln")))
            {
                var dll = System.IO.Path.Combine(directory.FullName, "samples", "ChatRoom.Samples.Cli", "bin", configuration, "net10.0", "ChatRoom.Samples.Cli.dll");
                return File.Exists(dll) ? dll : throw new InvalidOperationException($"The CLI is not built at {dll}.");
            }
        }

        throw new InvalidOperationException("ChatRoom.sln not found above " + AppContext.BaseDirectory);
    }
}

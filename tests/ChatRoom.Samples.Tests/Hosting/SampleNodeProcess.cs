using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatRoom.Samples.Tests.Hosting;

/// <summary>
/// The ASP.NET Core sample as its own process, one node of a scaled-out chat: several of them share nothing but
/// Redis (and DynamoDB), as real nodes do, and one can be killed with SIGKILL.
/// </summary>
public sealed partial class SampleNodeProcess : IChatHost, IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output;

    private SampleNodeProcess(Process process, Uri baseAddress, StringBuilder output)
    {
        _process = process;
        BaseAddress = baseAddress;
        _output = output;
    }

    public Uri BaseAddress { get; }

    /// <summary>Gets what the node wrote so far (stdout and stderr), for failure messages.</summary>
    public string Output => Snapshot(_output);

    public Uri ChatUri(string name) => new($"ws://{BaseAddress.Authority}/ws?name={Uri.EscapeDataString(name)}");

    /// <summary>Starts a node with the given settings (e.g. <c>--ChatRoom:Storage=Redis</c>) and waits until it listens.</summary>
    public static async Task<SampleNodeProcess> StartAsync(params string[] settings)
    {
        var (process, output, listening) = Launch(settings);
        var exited = process.WaitForExitAsync();
        var started = await Task.WhenAny(listening.Task, exited, Task.Delay(StartTimeout));
        if (started != listening.Task)
        {
            var log = Snapshot(output);
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The sample node did not start ({(started == exited ? $"exit code {process.ExitCode}" : "timed out")}):\n{log}");
        }

        return new SampleNodeProcess(process, listening.Task.Result, output);
    }

    /// <summary>Kills the node with SIGKILL: no shutdown, no close frames, no clean-up.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Freezes the node (SIGSTOP): its sockets and its Redis connection stay open but it does nothing, as in a long pause or a partition.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused node go on (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the graceful shutdown (close frames with 1001) a deployment's orchestrator does.
            Signal("-CONT");
            Signal("-TERM");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private static (Process Process, StringBuilder Output, TaskCompletionSource<Uri> Listening) Launch(string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(SampleDll)!,
        };
        start.ArgumentList.Add(SampleDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output, listening);
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The sample's build output, built by the solution build in the same configuration as these tests.</summary>
    private static string SampleDll
    {
        get
        {
            var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var framework = Path.GetFileName(testOutput);
            var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput)!);
            var root = new DirectoryInfo(testOutput);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "ChatRoom.sln")))
            {
                root = root.Parent;
            }

            var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("ChatRoom.sln not found above " + testOutput),
                "samples", "ChatRoom.Samples.AspNetCore", "bin", configuration, framework, "ChatRoom.Samples.AspNetCore.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"The sample is not built at {dll}; build ChatRoom.sln first.");
        }
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s/]+)")]
    private static partial Regex ListeningLine();
}

using System.Collections.Concurrent;
using System.Globalization;

namespace ChatRoom.ColdStart;

/// <summary>Starts a bootstrap as a fresh process, as Lambda starts an execution environment, serves it the cold-start events and times them.</summary>
internal sealed class ColdStartRunner(RuntimeApiServer server, string dynaliteUrl, string tableName)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public async Task<RunResult> RunAsync(Variant variant, int round, CancellationToken cancellationToken)
    {
        var connectionId = $"{variant.Name}{round}{Guid.NewGuid().ToString("N")[..10]}=";
        var events = ColdStartEvents.For(connectionId, $"cold-{variant.Name}-{round}");
        var run = new EnvironmentRun(events.Select(e => e.Body));
        server.Current = run;

        var info = variant.StartInfo();
        // What Lambda sets for a function (credentials, region, the Runtime API), plus the template's ChatRoom__ variables
        // pointed at dynalite and at this tool's @connections endpoint.
        info.Environment["AWS_LAMBDA_RUNTIME_API"] = server.Address;
        info.Environment["AWS_REGION"] = "us-east-1";
        info.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        info.Environment["AWS_ACCESS_KEY_ID"] = "local";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "local";
        info.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "ChatFunction";
        info.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "1024";
        info.Environment["ChatRoom__DynamoDb__TableName"] = tableName;
        info.Environment["ChatRoom__DynamoDb__ServiceUrl"] = dynaliteUrl;
        info.Environment["ChatRoom__ApiGateway__Endpoint"] = server.ConnectionsEndpoint;
        info.Environment["ChatRoom__ApiGateway__Region"] = "us-east-1";

        var output = new ConcurrentQueue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Enqueue(line);
            while (output.Count > 40 && output.TryDequeue(out _))
            {
            }
        }

        using var process = new System.Diagnostics.Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        run.Start();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var times = new List<double>();
            for (var i = 0; i < events.Count; i++)
            {
                var response = run.ResponseAsync(run.RequestIds[i]);
                var first = await Task.WhenAny(response, run.InitError, exited, Task.Delay(Timeout, cancellationToken));
                if (first != response)
                {
                    var why = first == run.InitError ? "reported an init error: " + run.InitError.Result
                        : first == exited ? $"exited with {process.ExitCode}"
                        : $"did not answer {events[i].Name} within {Timeout.TotalSeconds:0} s";
                    throw new InvalidOperationException($"{variant.Name} {why}. Its last output:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
                }

                var (at, body) = await response;
                Check(variant, events[i].Name, body, run.Posts);
                times.Add(at.TotalMilliseconds);
            }

            var (rss, peak) = Memory(process.Id);
            return new RunResult(variant.Name, round, Math.Round(run.Init.TotalMilliseconds, 1), times.Select(t => Math.Round(t, 1)).ToList(), rss, peak);
        }
        finally
        {
            server.Current = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>A time counts only for an event that did what it should: 200, and the frame the client expects posted.</summary>
    private static void Check(Variant variant, string name, string body, IReadOnlyCollection<string> posts)
    {
        var expected = name switch { "join" => "\"type\":\"joined\"", "sendmessage" => "\"type\":\"message\"", _ => null };
        if (!body.Contains("\"statusCode\":200", StringComparison.Ordinal) || (expected is not null && !posts.Any(p => p.Contains(expected, StringComparison.Ordinal))))
        {
            throw new InvalidOperationException($"{variant.Name}: {name} answered {body}; posted: {string.Join(" | ", posts)}");
        }
    }

    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM), in KiB, from <c>/proc</c>; 0 where there is none.</summary>
    private static (long Rss, long Peak) Memory(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return (0, 0);
        }

        long Read(string[] lines, string key) =>
            lines.Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => long.Parse(l[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)).FirstOrDefault();
        var lines = File.ReadAllLines(status);
        return (Read(lines, "VmRSS:"), Read(lines, "VmHWM:"));
    }
}

using System.Diagnostics;
using ChatRoom.LoadTest;

// Load test: ChatRoom's ASP.NET Core sample against a SignalR hub and a bare Kestrel WebSocket broadcaster, each in its
// own process on 127.0.0.1, driven by real WebSocket clients from this process; the scale-out scenario runs several
// processes of ChatRoom and of SignalR on one redis-server this tool starts. See docs/benchmarks.md.
var settings = Settings.Parse(args);
var repoRoot = FindRepoRoot();
var clock = Stopwatch.StartNew();
void Progress(string line) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}");

// Bounded in time: everything stops at the budget, whatever state it is in.
using var budget = new CancellationTokenSource(settings.Budget);
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};
using var stopping = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, interrupt.Token);

Progress($"{settings.RoomConnections} room connections, {settings.IdleConnections} idle, {settings.Rounds} round(s), budget {settings.Budget.TotalSeconds:N0} s");
var results = new Results();
RedisProcess? redis = null;
try
{
    if (settings.Scenarios.Contains("scaleout"))
    {
        // One Redis for the whole run, emptied before each server kind.
        redis = await RedisProcess.StartAsync(stopping.Token);
        var version = await redis.VersionAsync(stopping.Token);
        results.Note("redis_version", version);
        Progress($"scale-out: {settings.Nodes} nodes per server, {settings.ScaleOutConnections} connections, {settings.ScaleOutSeconds:N0} s per measure, redis-server {version} on {redis.Configuration}");
        if (settings.Servers.Any(kind => !ScaleOutScenario.Supports(kind)))
        {
            results.Note("scaleout_left_out", "Bare: the bare broadcaster has no multi-node story");
            Progress("scale-out: the bare broadcaster is left out (it has no multi-node story)");
        }
    }

    for (var round = 0; round < settings.Rounds; round++)
    {
        // Rotate the order each round so that drift (thermal, the other tenant) hits every server alike.
        var order = settings.Servers.Skip(round % settings.Servers.Count).Concat(settings.Servers.Take(round % settings.Servers.Count)).ToArray();
        Progress($"round {round + 1}: {string.Join(", ", order)}");
        if (settings.Scenarios.Any(s => s is "fanout" or "latency" or "slow"))
        {
            foreach (var kind in order)
            {
                await Scenarios.RunRoomAsync(kind, repoRoot, settings, results, Progress, stopping.Token);
            }
        }

        if (settings.Scenarios.Contains("steady"))
        {
            // ChatRoom twice: without a write delay, then with --write-delay-ms (its default, 5 ms, unless told).
            foreach (var kind in order)
            {
                await SteadyScenario.RunAsync(kind, kind == ServerKind.ChatRoom ? TimeSpan.Zero : null, repoRoot, settings, results, Progress, stopping.Token);
                if (kind == ServerKind.ChatRoom)
                {
                    await SteadyScenario.RunAsync(kind, TimeSpan.FromMilliseconds(settings.SteadyWriteDelayMs), repoRoot, settings, results, Progress, stopping.Token);
                }
            }
        }

        if (settings.Scenarios.Contains("idle"))
        {
            foreach (var kind in order)
            {
                await Scenarios.RunIdleAsync(kind, repoRoot, settings, results, Progress, stopping.Token);
            }
        }

        if (redis is not null)
        {
            foreach (var kind in order.Where(ScaleOutScenario.Supports))
            {
                await ScaleOutScenario.RunAsync(kind, redis, repoRoot, settings, results, Progress, stopping.Token);
            }
        }
    }
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    Progress(budget.IsCancellationRequested ? "time budget used up: reporting what was measured" : "interrupted: reporting what was measured");
}
finally
{
    if (redis is not null)
    {
        await redis.DisposeAsync();
    }
}

Console.WriteLine();
Console.WriteLine(results.Table());
await File.WriteAllTextAsync(settings.Output, results.Json(settings));
Progress($"wrote {Path.GetFullPath(settings.Output)}");
return 0;

static string FindRepoRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "ChatRoom.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the repository: ChatRoom.sln not found above the tool.");
}

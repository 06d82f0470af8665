using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ChatRoom;
using ChatRoom.AwsCost;
using ChatRoom.ColdStart;
using Microsoft.Extensions.DependencyInjection;

// Cold start of the Lambda sample: each variant's bootstrap is started as a fresh process N times, variants alternated,
// and timed from process start to the response of the first, second and third event (see docs/benchmarks.md).
var rounds = 10;
var warmup = 1;
string? outPath = null;
var variants = new List<Variant>();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
        switch (args[i])
        {
            case "--rounds": rounds = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--warmup": warmup = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--out": outPath = value; break;
            case "--variant": variants.Add(Variant.Parse(value)); break;
            default: throw new ArgumentException($"Unknown option {args[i]}. Options: --variant name=path (repeat), --rounds N, --warmup N, --out file.json");
        }

        i++;
    }

    if (variants.Count == 0 || rounds < 1 || warmup < 0)
    {
        throw new ArgumentException("Give at least one --variant name=path, --rounds ≥ 1 and --warmup ≥ 0.");
    }
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

using var dynalite = await Dynalite.StartAsync(cancel.Token);
const string table = "ChatRoom";
await using (var store = new ServiceCollection().AddChatRoom().AddDynamoDb(o => { o.TableName = table; o.ServiceUrl = dynalite.ServiceUrl; }).Services.BuildServiceProvider())
{
    await store.EnsureChatRoomTableAsync(cancel.Token);
}

await using var server = await RuntimeApiServer.StartAsync(cancel.Token);
var runner = new ColdStartRunner(server, dynalite.ServiceUrl, table);
Console.WriteLine($"Runtime API at {server.Address}, dynalite at {dynalite.ServiceUrl}; {warmup} warm-up and {rounds} measured rounds of {string.Join(", ", variants.Select(v => v.Name))}");

var results = new List<RunResult>();
for (var round = 1 - warmup; round <= rounds; round++)
{
    // Each round starts with the next variant, so none always runs first (or right after the machine was idle).
    for (var k = 0; k < variants.Count; k++)
    {
        var variant = variants[(k + Math.Max(round, 0)) % variants.Count];
        RunResult result;
        try
        {
            result = await runner.RunAsync(variant, round, cancel.Token);
        }
        catch (InvalidOperationException ex)
        {
            // A variant that cannot handle the events has no cold start to report; say why and stop.
            Console.Error.WriteLine(ex.Message);
            return 1;
        }

        Console.WriteLine($"{(round < 1 ? "warm-up" : $"round {round}")} {variant.Name,-6} init {result.InitMs,7:0.0} ms, events {string.Join(" / ", result.EventMs.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))} ms, RSS {result.RssKb / 1024.0:0.0} MiB");
        if (round >= 1)
        {
            results.Add(result);
        }
    }
}

var eventNames = ColdStartEvents.For("-", "-").Select(e => e.Name).ToList();
var summary = variants.ToDictionary(v => v.Name, v => VariantSummary.Of(results.Where(r => r.Variant == v.Name).ToList()));

Console.WriteLine();
Console.WriteLine("| variant | init median / p90 | 1st event ($connect) median / p90 | 2nd event (join) median / p90 | 3rd event (sendmessage) median / p90 | RSS after 3rd (median) |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (name, s) in summary)
{
    Console.WriteLine($"| {name} | {s.Init} | {s.First} | {s.Second} | {s.Third} | {s.RssMiB:0} MiB |");
}

if (outPath is not null)
{
    var document = new
    {
        issue = 17,
        scenario = "cold-start",
        date = DateTimeOffset.UtcNow,
        host = new
        {
            os = RuntimeInformation.OSDescription,
            architecture = RuntimeInformation.OSArchitecture.ToString(),
            processors = Environment.ProcessorCount,
            runtime = RuntimeInformation.FrameworkDescription,
            shared = "yes: other agents' builds and tests ran on the same 2 cores",
        },
        events = eventNames,
        measuredFrom = "Process.Start of the bootstrap; each time is when its response reached the Runtime API",
        warmupRounds = warmup,
        rounds,
        variants = variants.Select(v => new { v.Name, v.Path }),
        summary,
        runs = results,
    };
    await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }) + Environment.NewLine);
    Console.WriteLine($"Wrote {outPath}");
}

return 0;

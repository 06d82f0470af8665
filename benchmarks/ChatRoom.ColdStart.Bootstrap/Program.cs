using ChatRoom.ColdStart.Bootstrap;
using ChatRoom.Samples.Lambda;

// As on Lambda: AWS_LAMBDA_RUNTIME_API is host:port of the Runtime API; the function is built during init, before the
// first event is asked for, so a bad setting is reported as an init error and the process exits.
var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (string.IsNullOrEmpty(api))
{
    await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API is not set: this program runs inside Lambda (or the cold-start benchmark).");
    return 2;
}

using var http = RuntimeApiLoop.CreateClient(api);
var loop = new RuntimeApiLoop(http);
Function function;
try
{
    function = new Function();
}
catch (Exception ex)
{
    await loop.ReportInitErrorAsync(ex);
    return 1;
}

await loop.RunAsync(function.HandleAsync);
return 0;

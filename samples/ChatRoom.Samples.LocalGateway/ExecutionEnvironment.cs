using ChatRoom.Samples.Lambda;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>One Lambda execution environment: the function's own services (engine, caches, DynamoDB and HTTP clients), as a cold start on AWS builds them.</summary>
/// <param name="number">The environment's number in the gateway's log (1, 2, …).</param>
/// <param name="services">Services from <see cref="LambdaServices.Build"/>; disposed with the environment.</param>
internal sealed class ExecutionEnvironment(int number, ServiceProvider services) : IAsyncDisposable
{
    public int Number { get; } = number;

    public IServiceProvider Services => services;

    public Function Function { get; } = new(services);

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

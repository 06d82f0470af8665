namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// Creates the DynamoDB table before the server takes requests when <c>ChatRoom:DynamoDb:CreateTableIfMissing</c> is true
/// (local development against dynalite or DynamoDB Local); production tables come from the SAM template.
/// </summary>
internal sealed class DynamoDbTableInitializer(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        configuration.GetValue<bool>("ChatRoom:DynamoDb:CreateTableIfMissing")
            ? services.EnsureChatRoomTableAsync(cancellationToken)
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

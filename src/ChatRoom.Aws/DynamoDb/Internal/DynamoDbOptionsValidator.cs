using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>Checks <see cref="DynamoDbOptions"/> at start-up and says which setting is wrong.</summary>
internal sealed class DynamoDbOptionsValidator : IValidateOptions<DynamoDbOptions>
{
    public ValidateOptionsResult Validate(string? name, DynamoDbOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.TableName) || options.TableName.Length is < 3 or > 255
            || !options.TableName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            failures.Add($"ChatRoom:DynamoDb:TableName '{options.TableName}' is not a DynamoDB table name (3-255 letters, digits, '_', '-', '.').");
        }

        if (options.ServiceUrl is not null && !Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out _))
        {
            failures.Add($"ChatRoom:DynamoDb:ServiceUrl '{options.ServiceUrl}' is not an absolute URL.");
        }

        if (options.ConnectionTimeToLive <= TimeSpan.Zero)
        {
            failures.Add("ChatRoom:DynamoDb:ConnectionTimeToLive must be positive.");
        }

        if (options.MessageRetention is { } retention && retention <= TimeSpan.Zero)
        {
            failures.Add("ChatRoom:DynamoDb:MessageRetention must be positive, or unset to keep messages forever.");
        }

        if (options.DeduplicationWindow <= TimeSpan.Zero)
        {
            failures.Add("ChatRoom:DynamoDb:DeduplicationWindow must be positive.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("ChatRoom:DynamoDb:RequestTimeout must be positive and at most 00:05:00.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("ChatRoom:DynamoDb:MaxRetries must be between 0 and 10.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

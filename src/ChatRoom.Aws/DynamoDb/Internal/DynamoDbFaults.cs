using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace ChatRoom.Aws.Internal;

/// <summary>Translates DynamoDB and SDK failures into the engine's <see cref="ChatStoreUnavailableException"/>.</summary>
/// <remarks>The SDK has already retried throttling and transient faults by the time an exception reaches here.</remarks>
internal static class DynamoDbFaults
{
    public static async Task<T> TranslateAsync<T>(string operation, string tableName, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ResourceNotFoundException ex)
        {
            throw new ChatStoreUnavailableException(
                $"DynamoDB table '{tableName}' does not exist ({operation}). Create it with the SAM template or ChatRoomTable.EnsureCreatedAsync.", ex);
        }
        catch (AmazonServiceException ex)
        {
            throw new ChatStoreUnavailableException($"DynamoDB {operation} failed: {ex.ErrorCode} ({(int)ex.StatusCode}).", ex);
        }
        catch (AmazonClientException ex)
        {
            throw new ChatStoreUnavailableException($"DynamoDB {operation} failed: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ChatStoreUnavailableException($"DynamoDB {operation} failed: {ex.Message}", ex);
        }
        catch (TimeoutException ex)
        {
            // The SDK reports an attempt that outlived DynamoDbOptions.RequestTimeout as System.TimeoutException.
            throw new ChatStoreUnavailableException($"DynamoDB {operation} timed out.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChatStoreUnavailableException($"DynamoDB {operation} timed out.", ex);
        }
    }

    public static async Task TranslateAsync(string operation, string tableName, Func<Task> call, CancellationToken cancellationToken) =>
        await TranslateAsync<bool>(operation, tableName, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
}

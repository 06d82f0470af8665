using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using NSubstitute;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>
/// A client in front of another that asks each read and write for the capacity it consumed (<c>TOTAL</c>) and adds it
/// up, as DynamoDB would bill it: dynalite computes it the documented way (reads in 4 KB units, writes in 1 KB units
/// of the larger of the old and the new item). Nothing else changes: the same requests go to the same items.
/// </summary>
internal sealed class CapacityMeter
{
    private readonly Lock _lock = new();
    private double _readUnits;
    private double _writeUnits;

    public CapacityMeter(IAmazonDynamoDB real)
    {
        var total = ReturnConsumedCapacity.TOTAL;
        var client = Substitute.For<IAmazonDynamoDB>();
        client.GetItemAsync(Arg.Any<GetItemRequest>(), Arg.Any<CancellationToken>()).Returns(c => ForwardAsync(
            c.Arg<GetItemRequest>(), r => r.ReturnConsumedCapacity = total, real.GetItemAsync, r => r.ConsumedCapacity, write: false, c.Arg<CancellationToken>()));
        client.QueryAsync(Arg.Any<QueryRequest>(), Arg.Any<CancellationToken>()).Returns(c => ForwardAsync(
            c.Arg<QueryRequest>(), r => r.ReturnConsumedCapacity = total, real.QueryAsync, r => r.ConsumedCapacity, write: false, c.Arg<CancellationToken>()));
        client.PutItemAsync(Arg.Any<PutItemRequest>(), Arg.Any<CancellationToken>()).Returns(c => ForwardAsync(
            c.Arg<PutItemRequest>(), r => r.ReturnConsumedCapacity = total, real.PutItemAsync, r => r.ConsumedCapacity, write: true, c.Arg<CancellationToken>()));
        client.UpdateItemAsync(Arg.Any<UpdateItemRequest>(), Arg.Any<CancellationToken>()).Returns(c => ForwardAsync(
            c.Arg<UpdateItemRequest>(), r => r.ReturnConsumedCapacity = total, real.UpdateItemAsync, r => r.ConsumedCapacity, write: true, c.Arg<CancellationToken>()));
        client.DeleteItemAsync(Arg.Any<DeleteItemRequest>(), Arg.Any<CancellationToken>()).Returns(c => ForwardAsync(
            c.Arg<DeleteItemRequest>(), r => r.ReturnConsumedCapacity = total, real.DeleteItemAsync, r => r.ConsumedCapacity, write: true, c.Arg<CancellationToken>()));
        client.BatchWriteItemAsync(Arg.Any<BatchWriteItemRequest>(), Arg.Any<CancellationToken>()).Returns(c => ForwardAsync(
            c.Arg<BatchWriteItemRequest>(), r => r.ReturnConsumedCapacity = total, real.BatchWriteItemAsync, r => r.ConsumedCapacity?.FirstOrDefault(), write: true, c.Arg<CancellationToken>()));
        Client = client;
    }

    /// <summary>Gets the client to hand to the stores.</summary>
    public IAmazonDynamoDB Client { get; }

    /// <summary>Gets the read and write units consumed since the last <see cref="Reset"/>.</summary>
    public (double Read, double Write) Units
    {
        get
        {
            lock (_lock)
            {
                return (_readUnits, _writeUnits);
            }
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _readUnits = 0;
            _writeUnits = 0;
        }
    }

    private async Task<TResponse> ForwardAsync<TRequest, TResponse>(
        TRequest request,
        Action<TRequest> askForCapacity,
        Func<TRequest, CancellationToken, Task<TResponse>> send,
        Func<TResponse, ConsumedCapacity?> consumed,
        bool write,
        CancellationToken cancellationToken)
    {
        askForCapacity(request);
        var response = await send(request, cancellationToken);
        var units = consumed(response)?.CapacityUnits ?? 0;
        lock (_lock)
        {
            if (write)
            {
                _writeUnits += units;
            }
            else
            {
                _readUnits += units;
            }
        }

        return response;
    }
}

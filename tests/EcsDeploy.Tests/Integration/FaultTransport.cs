using System.Net;
using System.Text;

namespace EcsDeploy.Tests.Integration;

/// <summary>
/// The action's transport to the sandbox, with faults the sandbox's own injector cannot make: the request reaches the
/// sandbox and takes effect, then the answer is lost (connection closed, or a 5xx in its place); or the run is
/// cancelled while the answer is held, before the action sees it.
/// </summary>
internal sealed class FaultTransport : DelegatingHandler
{
    private readonly Dictionary<string, Queue<Func<HttpResponseMessage, HttpResponseMessage>>> _faults = new(StringComparer.Ordinal);

    private readonly List<string> _unsent = [];

    public FaultTransport()
        : base(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
    }

    /// <summary>Operations whose answer this transport lost or held, in order.</summary>
    public List<string> Faulted { get; } = [];

    /// <summary>The next <paramref name="times"/> answers to <paramref name="operation"/> are lost after the sandbox acted: the connection closes.</summary>
    public FaultTransport LoseAnswer(string operation, int times = 1) => Add(operation, times, _ =>
        throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely (the test transport closed the connection after the sandbox acted)."));

    /// <summary>The next answer to <paramref name="operation"/> is replaced, after the sandbox acted, by a 500 InternalFailure.</summary>
    public FaultTransport ServerErrorAfterActing(string operation) => Add(operation, 1, _ =>
        new HttpResponseMessage(HttpStatusCode.InternalServerError)
        {
            Content = new StringContent("""{"__type":"InternalFailure","message":"The request processing has failed."}""", Encoding.UTF8, "application/x-amz-json-1.1"),
        });

    /// <summary>The next request for <paramref name="operation"/> never reaches the sandbox and gets a 503, which the action cannot tell from a lost answer.</summary>
    public FaultTransport ServerErrorWithoutSending(string operation)
    {
        lock (_faults)
        {
            _unsent.Add(operation);
        }

        return this;
    }

    /// <summary>The run is cancelled while the sandbox's answer to <paramref name="operation"/> is held; the answer is delivered afterwards.</summary>
    public FaultTransport CancelWhileHolding(string operation, CancellationTokenSource run) => Add(operation, 1, answer =>
    {
        run.Cancel();
        return answer;
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "";
        var operation = target[(target.LastIndexOf('.') + 1)..];
        lock (_faults)
        {
            if (_unsent.Remove(operation))
            {
                Faulted.Add(operation);
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                {
                    Content = new StringContent("""{"__type":"ServiceUnavailable","message":"The service is unavailable."}""", Encoding.UTF8, "application/x-amz-json-1.1"),
                };
            }
        }

        var answer = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        Func<HttpResponseMessage, HttpResponseMessage>? fault;
        lock (_faults)
        {
            fault = _faults.TryGetValue(operation, out var queue) && queue.TryDequeue(out var next) ? next : null;
            if (fault is not null)
            {
                Faulted.Add(operation);
            }
        }

        if (fault is null)
        {
            return answer;
        }

        // The whole answer is read first, so the sandbox has finished acting before the fault.
        await answer.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        HttpResponseMessage delivered;
        try
        {
            delivered = fault(answer);
        }
        catch
        {
            answer.Dispose();
            throw;
        }

        if (!ReferenceEquals(delivered, answer))
        {
            answer.Dispose();
        }

        return delivered;
    }

    private FaultTransport Add(string operation, int times, Func<HttpResponseMessage, HttpResponseMessage> fault)
    {
        lock (_faults)
        {
            if (!_faults.TryGetValue(operation, out var queue))
            {
                _faults[operation] = queue = new Queue<Func<HttpResponseMessage, HttpResponseMessage>>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }

        return this;
    }
}

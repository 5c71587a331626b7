namespace FosteringWorkflows.Hub;

/// <summary>What a hub's delivery is read, checked and handed on with (<c>[AsParameters]</c>).</summary>
public sealed record HubDelivery(
    HttpContext Http,
    HubSignature Signature,
    HubGate Gate,
    HubEnquiryHandler Handler,
    TimeProvider Time,
    ILogger<HubSignature> Logger);

using System.Net;

namespace DicomAiNode.Dicom.Network;

/// <summary>What an <see cref="IAssociationPolicy"/> sees of an incoming A-ASSOCIATE-RQ.</summary>
public sealed record AssociationRequestInfo(string CallingAETitle, string CalledAETitle, EndPoint? RemoteEndPoint, AssociateRequestPdu Request, bool IsSecure);

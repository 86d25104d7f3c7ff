using System.Text;

namespace DicomAiNode.Dicom.Network;

/// <summary>Encodes and decodes the User Information item (50H) and its sub-items (PS3.8 §9.3.2.3, PS3.7 Annex D.3.3).</summary>
internal static class UserInformationCodec
{
    public static void Write(PduBuilder writer, UserInformation info)
    {
        writer.WriteItem(PduItemType.UserInformation, w =>
        {
            w.WriteItem(PduItemType.MaximumLength, x => x.WriteUInt32(info.MaxPduLength));
            w.WriteUidItem(PduItemType.ImplementationClassUid, info.ImplementationClassUid);
            if (info.AsynchronousOperationsWindow is { } window)
            {
                w.WriteItem(PduItemType.AsynchronousOperationsWindow, x =>
                {
                    x.WriteUInt16(window.MaxOperationsInvoked);
                    x.WriteUInt16(window.MaxOperationsPerformed);
                });
            }
            foreach (var role in info.RoleSelections)
            {
                w.WriteItem(PduItemType.RoleSelection, x =>
                {
                    x.WriteUInt16((ushort)role.SopClassUid.Length);
                    x.WriteAscii(role.SopClassUid);
                    x.WriteByte(role.ScuRole ? (byte)1 : (byte)0);
                    x.WriteByte(role.ScpRole ? (byte)1 : (byte)0);
                });
            }
            if (info.ImplementationVersionName is { } version)
            {
                w.WriteItem(PduItemType.ImplementationVersionName, x => x.WriteAscii(version));
            }
            foreach (var ext in info.ExtendedNegotiations)
            {
                w.WriteItem(PduItemType.SopClassExtendedNegotiation, x =>
                {
                    x.WriteUInt16((ushort)ext.SopClassUid.Length);
                    x.WriteAscii(ext.SopClassUid);
                    x.WriteBytes(ext.ApplicationInformation.Span);
                });
            }
            foreach (var common in info.CommonExtendedNegotiations)
            {
                w.WriteItem(PduItemType.SopClassCommonExtendedNegotiation, x =>
                {
                    x.WriteUInt16((ushort)common.SopClassUid.Length);
                    x.WriteAscii(common.SopClassUid);
                    x.WriteUInt16((ushort)common.ServiceClassUid.Length);
                    x.WriteAscii(common.ServiceClassUid);
                    int at = x.BeginLength16();
                    foreach (var related in common.RelatedGeneralSopClassUids)
                    {
                        x.WriteUInt16((ushort)related.Length);
                        x.WriteAscii(related);
                    }
                    x.EndLength16(at);
                });
            }
            if (info.UserIdentity is { } identity)
            {
                w.WriteItem(PduItemType.UserIdentityRequest, x =>
                {
                    x.WriteByte((byte)identity.Type);
                    x.WriteByte(identity.PositiveResponseRequested ? (byte)1 : (byte)0);
                    x.WriteUInt16((ushort)identity.PrimaryField.Length);
                    x.WriteBytes(identity.PrimaryField.Span);
                    x.WriteUInt16((ushort)identity.SecondaryField.Length);
                    x.WriteBytes(identity.SecondaryField.Span);
                });
            }
            if (info.UserIdentityServerResponse is { } response)
            {
                w.WriteItem(PduItemType.UserIdentityResponse, x =>
                {
                    x.WriteUInt16((ushort)response.Length);
                    x.WriteBytes(response.Span);
                });
            }
        });
    }

    public static UserInformation Read(ReadOnlySpan<byte> value, bool isRequest)
    {
        string context = isRequest ? "A-ASSOCIATE-RQ user information" : "A-ASSOCIATE-AC user information";
        var reader = new PduSpanReader(value, context);
        uint? maxLength = null;
        string? classUid = null;
        string? versionName = null;
        AsynchronousOperationsWindow? window = null;
        var roles = new List<RoleSelection>();
        var extended = new List<SopClassExtendedNegotiation>();
        var common = new List<SopClassCommonExtendedNegotiation>();
        UserIdentity? identity = null;
        ReadOnlyMemory<byte>? response = null;
        while (reader.Remaining > 0)
        {
            var item = reader.ReadItem(out byte type);
            var sub = new PduSpanReader(item, $"{context}, sub-item {type:X2}H");
            switch (type)
            {
                case PduItemType.MaximumLength:
                    Expect(item.Length == 4, type, "maximum length sub-item must be 4 bytes (PS3.8 Annex D.1)");
                    maxLength = sub.ReadUInt32();
                    break;
                case PduItemType.ImplementationClassUid:
                    classUid = PduSpanReader.DecodeUid(item, "implementation class UID (52H)");
                    break;
                case PduItemType.ImplementationVersionName:
                    Expect(item.Length is >= 1 and <= 16, type, "implementation version name must have 1–16 characters (PS3.7 D.3.3.2)");
                    versionName = Encoding.ASCII.GetString(item).TrimEnd(' ', '\0');
                    break;
                case PduItemType.AsynchronousOperationsWindow:
                    Expect(item.Length == 4, type, "asynchronous operations window sub-item must be 4 bytes (PS3.7 D.3.3.3)");
                    window = new AsynchronousOperationsWindow(sub.ReadUInt16(), sub.ReadUInt16());
                    break;
                case PduItemType.RoleSelection:
                {
                    int uidLength = sub.ReadUInt16();
                    string uid = PduSpanReader.DecodeUid(sub.ReadBytes(uidLength, "role selection SOP class UID"), "role selection (54H)");
                    byte scu = sub.ReadByte();
                    byte scp = sub.ReadByte();
                    Expect(sub.Remaining == 0 && scu <= 1 && scp <= 1, type, "role selection: roles must be 0 or 1 and nothing may follow them (PS3.7 D.3.3.4)");
                    roles.Add(new RoleSelection(uid, scu == 1, scp == 1));
                    break;
                }
                case PduItemType.SopClassExtendedNegotiation:
                {
                    int uidLength = sub.ReadUInt16();
                    string uid = PduSpanReader.DecodeUid(sub.ReadBytes(uidLength, "extended negotiation SOP class UID"), "SOP class extended negotiation (56H)");
                    extended.Add(new SopClassExtendedNegotiation(uid, sub.ReadBytes(sub.Remaining, "application information").ToArray()));
                    break;
                }
                case PduItemType.SopClassCommonExtendedNegotiation:
                {
                    Expect(isRequest, type, "common extended negotiation is only allowed in the A-ASSOCIATE-RQ (PS3.7 D.3.3.6)");
                    int uidLength = sub.ReadUInt16();
                    string uid = PduSpanReader.DecodeUid(sub.ReadBytes(uidLength, "SOP class UID"), "common extended negotiation (57H)");
                    int serviceLength = sub.ReadUInt16();
                    string service = PduSpanReader.DecodeUid(sub.ReadBytes(serviceLength, "service class UID"), "common extended negotiation (57H)");
                    int relatedLength = sub.ReadUInt16();
                    var relatedReader = new PduSpanReader(sub.ReadBytes(relatedLength, "related general SOP classes"), "related general SOP classes");
                    var related = new List<string>();
                    while (relatedReader.Remaining > 0)
                    {
                        int l = relatedReader.ReadUInt16();
                        related.Add(PduSpanReader.DecodeUid(relatedReader.ReadBytes(l, "related general SOP class UID"), "related general SOP class"));
                    }
                    common.Add(new SopClassCommonExtendedNegotiation(uid, service, related));
                    break;
                }
                case PduItemType.UserIdentityRequest:
                {
                    Expect(isRequest, type, "user identity request is only allowed in the A-ASSOCIATE-RQ (PS3.7 D.3.3.7)");
                    byte identityType = sub.ReadByte();
                    Expect(identityType is >= 1 and <= 5, type, $"user identity type {identityType} is not 1–5 (PS3.7 Table D.3-14)");
                    byte positive = sub.ReadByte();
                    int primaryLength = sub.ReadUInt16();
                    var primary = sub.ReadBytes(primaryLength, "user identity primary field").ToArray();
                    int secondaryLength = sub.ReadUInt16();
                    var secondary = sub.ReadBytes(secondaryLength, "user identity secondary field").ToArray();
                    Expect(primaryLength > 0, type, "user identity primary field is empty");
                    identity = new UserIdentity((UserIdentityType)identityType, positive == 1, primary, secondary);
                    break;
                }
                case PduItemType.UserIdentityResponse:
                {
                    // PS3.7 D.3.3.7.2: a server response only answers a request; it never appears in the RQ.
                    Expect(!isRequest, type, "user identity server response is only allowed in the A-ASSOCIATE-AC (PS3.7 D.3.3.7)");
                    int length = sub.ReadUInt16();
                    response = sub.ReadBytes(length, "user identity server response").ToArray();
                    break;
                }
                default:
                    // PS3.7 D.3.3: sub-items that are not recognised are ignored.
                    break;
            }
        }
        if (maxLength is null)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"{context}: the maximum length sub-item (51H) is missing (PS3.8 Annex D.1: mandatory).");
        }
        if (classUid is null)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"{context}: the implementation class UID sub-item (52H) is missing (PS3.7 D.3.3.2: mandatory).");
        }
        return new UserInformation
        {
            MaxPduLength = maxLength.Value,
            ImplementationClassUid = classUid,
            ImplementationVersionName = versionName,
            AsynchronousOperationsWindow = window,
            RoleSelections = roles,
            ExtendedNegotiations = extended,
            CommonExtendedNegotiations = common,
            UserIdentity = identity,
            UserIdentityServerResponse = response,
        };
    }

    private static void Expect(bool condition, byte itemType, string message)
    {
        if (!condition)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"user information sub-item {itemType:X2}H: {message}.");
        }
    }
}

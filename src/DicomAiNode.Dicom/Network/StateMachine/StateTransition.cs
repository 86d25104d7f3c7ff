namespace DicomAiNode.Dicom.Network;

/// <summary>The outcome of one event: the action taken, the state it led to, and the effects to carry out.</summary>
public readonly record struct StateTransition(AssociationState From, AssociationEvent Event, AssociationAction Action, AssociationState To, UpperLayerEffects Effects);

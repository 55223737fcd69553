from agents import Agent, ModelSettings, TResponseInputItem, Runner, RunConfig, trace
from pydantic import BaseModel

refunds_agent = Agent(
  name="Refunds agent",
  instructions="Handle refund requests.",
  model="gpt-4.1",
  model_settings=ModelSettings(
    store=True
  )
)


triage_agent = Agent(
  name="Triage agent",
  instructions="Route refund requests to the refunds agent; answer everything else yourself.",
  model="gpt-4.1",
  handoffs=[
    refunds_agent
  ],
  model_settings=ModelSettings(
    store=True
  )
)


class WorkflowInput(BaseModel):
  input_as_text: str


# Main code entrypoint
async def run_workflow(workflow_input: WorkflowInput):
  with trace("Triage"):
    state = {

    }
    workflow = workflow_input.model_dump()
    conversation_history: list[TResponseInputItem] = [
      {
        "role": "user",
        "content": [
          {
            "type": "input_text",
            "text": workflow["input_as_text"]
          }
        ]
      }
    ]
    triage_agent_result_temp = await Runner.run(
      triage_agent,
      input=[
        *conversation_history
      ],
      run_config=RunConfig(trace_metadata={
        "__trace_source__": "agent-builder",
        "workflow_id": "wf_68f0c2a1b2c3d4e5f60718293a4b5c72"
      })
    )

    conversation_history.extend([item.to_input_item() for item in triage_agent_result_temp.new_items])

    triage_agent_result = {
      "output_text": triage_agent_result_temp.final_output_as(str)
    }
    return triage_agent_result

from agents import Agent, ModelSettings, TResponseInputItem, Runner, RunConfig, trace
from pydantic import BaseModel

researcher = Agent(
  name="Researcher",
  instructions="List the facts the user needs, briefly.",
  model="gpt-5-mini",
  model_settings=ModelSettings(
    store=True
  )
)


writer = Agent(
  name="Writer",
  instructions="Write the final answer from the researcher's facts.",
  model="gpt-5-mini",
  model_settings=ModelSettings(
    store=True
  )
)


class WorkflowInput(BaseModel):
  input_as_text: str


# Main code entrypoint
async def run_workflow(workflow_input: WorkflowInput):
  with trace("Research then write"):
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
    researcher_result_temp = await Runner.run(
      researcher,
      input=[
        *conversation_history
      ],
      run_config=RunConfig(trace_metadata={
        "__trace_source__": "agent-builder",
        "workflow_id": "wf_68f0c2a1b2c3d4e5f60718293a4b5c6f"
      })
    )

    conversation_history.extend([item.to_input_item() for item in researcher_result_temp.new_items])

    researcher_result = {
      "output_text": researcher_result_temp.final_output_as(str)
    }
    writer_result_temp = await Runner.run(
      writer,
      input=[
        *conversation_history
      ],
      run_config=RunConfig(trace_metadata={
        "__trace_source__": "agent-builder",
        "workflow_id": "wf_68f0c2a1b2c3d4e5f60718293a4b5c6f"
      })
    )

    conversation_history.extend([item.to_input_item() for item in writer_result_temp.new_items])

    writer_result = {
      "output_text": writer_result_temp.final_output_as(str)
    }
    return writer_result
